namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>The YAML of one rule file and where it came from; <see cref="ReadError"/> when it could not be read.</summary>
public sealed record SigmaRuleText(string Source, string Yaml)
{
    public string? ReadError { get; init; }
}
