using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// The default <see cref="ISigmaFieldResolver"/>: the event's own field of that name, then the Winlogbeat
/// event-data names, then the aliases of <see cref="SigmaFieldAliases"/>, then the normalised properties.
/// The first place that has the field wins, so a record is never matched on two sources' views of a value.
/// </summary>
public sealed class SigmaFieldResolver : ISigmaFieldResolver
{
    public static SigmaFieldResolver Default { get; } = new();

    public IReadOnlyList<string> Resolve(SecurityEvent evt, string field)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return Find(evt, field);
    }

    /// <summary>The values as an array, which <see cref="SigmaEventView"/> keeps without copying.</summary>
    private static string[] Find(SecurityEvent evt, string field)
    {
        var values = SigmaFieldLookup.Values(evt.Fields, string.Empty, field);
        if (values.Length > 0)
        {
            return values;
        }

        foreach (var prefix in SigmaFieldAliases.EventDataPrefixes)
        {
            values = SigmaFieldLookup.Values(evt.Fields, prefix, field);
            if (values.Length > 0)
            {
                return values;
            }
        }

        foreach (var alias in SigmaFieldAliases.For(field))
        {
            values = SigmaFieldLookup.Values(evt.Fields, string.Empty, alias);
            if (values.Length > 0)
            {
                return values;
            }
        }

        return SigmaFieldAliases.TypedValue(evt, field) is { Length: > 0 } typed ? [typed] : [];
    }
}
