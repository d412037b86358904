namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>A node of a compiled detection: a condition operator, a search, or one field condition.</summary>
internal abstract class SigmaExpression
{
    public abstract bool Matches(SigmaEventView view);

    /// <summary>
    /// Necessary conditions the rule index can look up: each holds on every event this node matches. None
    /// where nothing literal is known, as for a negation, a regex or a field's absence.
    /// </summary>
    public virtual IReadOnlyList<SigmaRequirement> Requirements() => SigmaRequirement.None;
}
