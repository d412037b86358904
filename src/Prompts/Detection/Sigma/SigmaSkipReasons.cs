namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>The reason categories of <see cref="SigmaSkippedRule"/>; modifiers and values add a suffix (<c>:name</c>).</summary>
public static class SigmaSkipReasons
{
    public const string YamlError = "yaml-error";
    public const string ReadError = "read-error";
    public const string NotARule = "not-a-rule";

    /// <summary><see cref="SigmaRule.Parse"/> was given several documents; the loader reads them all.</summary>
    public const string MultiDocument = "multi-document";

    /// <summary><see cref="SigmaRule.Parse"/> was given a correlation rule; the loader reads those.</summary>
    public const string CorrelationRule = "correlation-rule";

    /// <summary>A Sigma 1 rule collection (<c>action: global/reset/repeat</c>): the whole file is skipped.</summary>
    public const string RuleCollection = "rule-collection";

    public const string InvalidCorrelation = "invalid-correlation";

    /// <summary>A correlation feature this engine does not evaluate, with a suffix: the type, <c>chain</c>, <c>extended-condition</c>.</summary>
    public const string UnsupportedCorrelation = "unsupported-correlation";

    /// <summary>A correlation refers to a rule that no loaded rule carries as its name or id.</summary>
    public const string CorrelationUnknownRule = "correlation-unknown-rule";

    /// <summary>A correlation refers to a name or id that several loaded rules carry (the same folder loaded twice?).</summary>
    public const string CorrelationAmbiguousRule = "correlation-ambiguous-rule";
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
