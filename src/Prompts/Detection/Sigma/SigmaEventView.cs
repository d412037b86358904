using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// One event as the rules see it during one <see cref="SigmaRuleSet.Match"/>: field values are resolved once
/// and cached, since many rules ask for the same few fields (Image, CommandLine).
/// </summary>
internal sealed class SigmaEventView(SecurityEvent evt, ISigmaFieldResolver resolver)
{
    private readonly Dictionary<string, IReadOnlyList<string>> resolved = new(StringComparer.Ordinal);

    public SecurityEvent Event => evt;

    public IReadOnlyList<string> Values(string field)
    {
        if (!resolved.TryGetValue(field, out var values))
        {
            values = resolver.Resolve(evt, field);
            resolved[field] = values;
        }

        return values;
    }
}
