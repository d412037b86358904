using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Prompts.Output;

/// <summary>
/// Parses the model's JSON answer into a <see cref="ModelEnrichment"/>. Checks the shape only (types, the
/// enumerations, confidence range); whether IOCs and ids are true is verification's job. Unknown keys are
/// ignored. An error names the field and never contains model output, which may echo event text.
/// </summary>
public static class ModelEnrichmentParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    public static bool TryParse(string json, [NotNullWhen(true)] out ModelEnrichment? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            error = "the answer is empty";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // The exception's own message quotes the offending characters; report the position only.
            error = $"the answer is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})";
            return false;
        }

        using (document)
        {
            try
            {
                result = Read(document.RootElement);
                error = null;
                return true;
            }
            catch (FieldException ex)
            {
                error = ex.Message;
                return false;
            }
        }
    }

    private static ModelEnrichment Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FieldException("the answer must be a JSON object");
        }

        var summary = RequiredString(root, "summary", "summary");

        var severityText = RequiredString(root, "severity", "severity");
        if (!SeverityNames.TryParse(severityText, out var severity))
        {
            throw new FieldException("severity: must be one of low, medium, high, critical");
        }

        var iocs = RequiredArray(root, "iocs", "iocs", ReadIoc);
        var techniques = RequiredArray(root, "techniques", "techniques", ReadTechnique);
        var mitigations = RequiredArray(root, "mitigations", "mitigations", ReadMitigation);

        var confidenceElement = Required(root, "confidence", "confidence");
        if (confidenceElement.ValueKind != JsonValueKind.Number || !confidenceElement.TryGetDouble(out var confidence))
        {
            throw new FieldException("confidence: must be a number");
        }

        if (confidence is < 0 or > 1 || double.IsNaN(confidence))
        {
            throw new FieldException("confidence: must be between 0 and 1");
        }

        return new ModelEnrichment(summary, severity.ToName(), iocs, techniques, mitigations, confidence);
    }

    private static ModelIoc ReadIoc(JsonElement element, string path)
    {
        RequireObject(element, path);
        var typeText = RequiredString(element, "type", path + ".type");
        if (!IocTypeNames.TryParse(typeText, out var type))
        {
            throw new FieldException($"{path}.type: must be one of ipv4, ipv6, domain, url, email, md5, sha1, sha256, cve");
        }

        var value = RequiredString(element, "value", path + ".value");
        if (value.Length == 0)
        {
            throw new FieldException($"{path}.value: must not be empty");
        }

        // Event references are optional: an IOC without them is still checked against every event.
        var events = element.TryGetProperty("events", out var eventsElement) && eventsElement.ValueKind != JsonValueKind.Null
            ? ReadArray(eventsElement, path + ".events", (e, p) => StringValue(e, p))
            : [];
        return new ModelIoc(type.ToName(), value, events);
    }

    /// <summary>An object with the id and the events that show it; a bare id string is accepted and cites nothing.</summary>
    private static ModelTechnique ReadTechnique(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return new ModelTechnique(StringValue(element, path), []);
        }

        RequireObject(element, path);
        var id = RequiredString(element, "id", path + ".id");
        var events = element.TryGetProperty("events", out var eventsElement) && eventsElement.ValueKind != JsonValueKind.Null
            ? ReadArray(eventsElement, path + ".events", (e, p) => StringValue(e, p))
            : [];
        return new ModelTechnique(id, events);
    }

    private static ModelMitigation ReadMitigation(JsonElement element, string path)
    {
        RequireObject(element, path);
        var id = RequiredString(element, "id", path + ".id");
        if (id.Length == 0)
        {
            throw new FieldException($"{path}.id: must not be empty");
        }

        var rationale = element.TryGetProperty("rationale", out var rationaleElement) && rationaleElement.ValueKind != JsonValueKind.Null
            ? StringValue(rationaleElement, path + ".rationale")
            : string.Empty;
        return new ModelMitigation(id, rationale);
    }

    private static JsonElement Required(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) ? value : throw new FieldException($"{path}: is missing");

    private static string RequiredString(JsonElement parent, string name, string path) =>
        StringValue(Required(parent, name, path), path);

    private static IReadOnlyList<T> RequiredArray<T>(JsonElement parent, string name, string path, Func<JsonElement, string, T> readItem) =>
        ReadArray(Required(parent, name, path), path, readItem);

    private static IReadOnlyList<T> ReadArray<T>(JsonElement element, string path, Func<JsonElement, string, T> readItem)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new FieldException($"{path}: must be an array");
        }

        var items = new List<T>(element.GetArrayLength());
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            items.Add(readItem(item, $"{path}[{index++}]"));
        }

        return items;
    }

    private static string StringValue(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new FieldException($"{path}: must be a string");

    private static void RequireObject(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FieldException($"{path}: must be an object");
        }
    }

    private sealed class FieldException(string message) : Exception(message);
}
