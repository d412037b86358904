using System.Globalization;
using System.Text.Json.Nodes;

namespace Llama3Siem.Sinks.Tests.Elasticsearch;

/// <summary>
/// What Elasticsearch checks when it indexes a document under <c>dynamic: strict</c> mappings, as far as our
/// documents need: every field mapped, at every depth (objects and arrays of objects, nested ones included, with
/// <c>dynamic</c> inherited from the enclosing object), dates that parse, and no object where a value is mapped.
/// Objects with <c>enabled: false</c> are stored unchecked.
/// </summary>
internal static class StrictMapping
{
    /// <summary>
    /// The dotted path of the first field the mapping does not allow, prefixed <c>!</c> when the field is mapped
    /// but its value is refused; null when the document fits.
    /// </summary>
    public static string? FirstRefused(JsonObject source, JsonObject mapping) => Refused(source, mapping, "", strict: false);

    private static string? Refused(JsonObject source, JsonObject mapping, string prefix, bool strict)
    {
        var properties = mapping["properties"] as JsonObject;
        strict = mapping["dynamic"] is JsonValue dynamic ? dynamic.GetValue<string>() == "strict" : strict;
        foreach (var (field, value) in source)
        {
            var path = prefix + field;
            if (properties?[field] is not JsonObject property)
            {
                if (strict)
                {
                    return path;
                }

                continue;
            }

            var values = value is JsonArray array ? array.ToList() : [value];
            foreach (var item in values)
            {
                if (ValueRefused(item, property, path, strict) is { } refused)
                {
                    return refused;
                }
            }
        }

        return null;
    }

    private static string? ValueRefused(JsonNode? value, JsonObject property, string path, bool strict)
    {
        if (property["enabled"] is JsonValue enabled && !enabled.GetValue<bool>())
        {
            return null;
        }

        var type = property["type"]?.GetValue<string>();
        if (value is JsonObject inner)
        {
            return property["properties"] is null && type is not ("object" or "nested") ? "!" + path : Refused(inner, property, path + ".", strict);
        }

        return type == "date"
            && (value is not JsonValue date || !date.TryGetValue<string>(out var text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            ? "!" + path
            : null;
    }
}
