using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// One event as the rules see it during one <see cref="SigmaRuleSet.Match"/>: field values are resolved once
/// and cached, since many rules ask for the same few fields (Image, CommandLine). They are kept as arrays and
/// read as spans: enumerating an <see cref="IReadOnlyList{T}"/> allocates an enumerator, and the rules read
/// values thousands of times per event.
/// </summary>
internal sealed class SigmaEventView(SecurityEvent evt, ISigmaFieldResolver resolver)
{
    private readonly Dictionary<string, string[]> resolved = new(StringComparer.Ordinal);

    public SecurityEvent Event => evt;

    public ReadOnlySpan<string> Values(string field)
    {
        if (!resolved.TryGetValue(field, out var values))
        {
            // The default resolver's lists are arrays; another resolver's are copied.
            var list = resolver.Resolve(evt, field);
            values = list as string[] ?? [.. list];
            resolved[field] = values;
        }

        return values;
    }
}
