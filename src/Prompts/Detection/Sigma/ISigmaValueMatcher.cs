namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>One compiled rule value, tested against one value of an event field.</summary>
internal interface ISigmaValueMatcher
{
    bool Matches(string value);
}
