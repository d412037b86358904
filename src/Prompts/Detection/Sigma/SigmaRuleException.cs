namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>A rule the engine cannot load; <see cref="Reason"/> is one of <see cref="SigmaSkipReasons"/>, maybe with a suffix.</summary>
public sealed class SigmaRuleException : Exception
{
    public SigmaRuleException()
        : this(SigmaSkipReasons.NotARule, "not a Sigma rule")
    {
    }

    public SigmaRuleException(string message)
        : this(SigmaSkipReasons.NotARule, message)
    {
    }

    public SigmaRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = SigmaSkipReasons.NotARule;
    }

    public SigmaRuleException(string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public string Reason { get; }
}
