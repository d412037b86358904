namespace Llama3Siem.Prompts.Injection;

/// <summary>One way of recognising injection in a text; adds what it finds to the scan.</summary>
internal interface IInjectionRule
{
    /// <summary>What the folded text must hold for this rule to find anything; on other text it is not run.</summary>
    Prerequisite Needs { get; }

    void Find(TextScan scan);
}
