using System.Globalization;
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
        var values = Lookup(evt.Fields, field);
        if (values.Count > 0)
        {
            return values;
        }

        foreach (var prefix in SigmaFieldAliases.EventDataPrefixes)
        {
            values = Lookup(evt.Fields, prefix + field);
            if (values.Count > 0)
            {
                return values;
            }
        }

        foreach (var alias in SigmaFieldAliases.For(field))
        {
            values = Lookup(evt.Fields, alias);
            if (values.Count > 0)
            {
                return values;
            }
        }

        return SigmaFieldAliases.TypedValue(evt, field) is { Length: > 0 } typed ? [typed] : [];
    }

    /// <summary>A field by exact name, or the items of a list the flattener wrote as name.0, name.1, ...</summary>
    private static IReadOnlyList<string> Lookup(IReadOnlyDictionary<string, string> fields, string name)
    {
        if (fields.TryGetValue(name, out var value))
        {
            return [value];
        }

        List<string>? items = null;
        for (var i = 0; fields.TryGetValue(string.Create(CultureInfo.InvariantCulture, $"{name}.{i}"), out var item); i++)
        {
            (items ??= []).Add(item);
        }

        return items ?? (IReadOnlyList<string>)[];
    }
}
