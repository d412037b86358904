namespace Llama3Siem.Prompts.Injection;

/// <summary>One way of recognising injection in a text; adds what it finds to the scan.</summary>
internal interface IInjectionRule
{
    void Find(TextScan scan);
}
