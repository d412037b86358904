namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>The reason categories of <see cref="SigmaSkippedRule"/>; modifiers and values add a suffix (<c>:name</c>).</summary>
public static class SigmaSkipReasons
{
    public const string YamlError = "yaml-error";
    public const string ReadError = "read-error";
    public const string NotARule = "not-a-rule";
    public const string MultiDocument = "multi-document";
    public const string CorrelationRule = "correlation-rule";
    public const string FilterRule = "filter-rule";
    public const string MissingDetection = "missing-detection";
    public const string MissingCondition = "missing-condition";
    public const string UnsupportedCondition = "unsupported-condition";
    public const string UnknownIdentifier = "unknown-identifier";
    public const string UnsupportedModifier = "unsupported-modifier";
    public const string UnsupportedValue = "unsupported-value";
    public const string InvalidRegex = "invalid-regex";
    public const string InvalidCidr = "invalid-cidr";
    public const string InvalidNumber = "invalid-number";
}
