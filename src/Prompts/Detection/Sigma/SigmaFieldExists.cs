namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary><c>Field|exists: true/false</c>: whether the event has the field at all, empty or not.</summary>
internal sealed class SigmaFieldExists(string field, bool expected) : SigmaExpression
{
    public override bool Matches(SigmaEventView view) => view.Values(field).Length > 0 == expected;
}
