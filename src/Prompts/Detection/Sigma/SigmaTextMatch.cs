namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>Where a rule's string must sit in the field's value: the whole of it, or <c>contains</c>/<c>startswith</c>/<c>endswith</c>.</summary>
internal enum SigmaTextMatch
{
    Whole,
    Contains,
    StartsWith,
    EndsWith,
}
