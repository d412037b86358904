namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// The injection recognised in one field of an event. <paramref name="Field"/> is the flattened field name
/// (a key of <see cref="Events.SecurityEvent.Fields"/>), or, for a normalised value that no raw field holds,
/// the normalised property name (host, user, command_line, message ...).
/// </summary>
public sealed record InjectionFinding(string Field, IReadOnlyList<InjectionSpan> Spans)
{
    /// <summary>The distinct kinds among <see cref="Spans"/>, in order of first appearance.</summary>
    public IEnumerable<string> Kinds => Spans.Select(s => s.Kind).Distinct(StringComparer.Ordinal);
}
