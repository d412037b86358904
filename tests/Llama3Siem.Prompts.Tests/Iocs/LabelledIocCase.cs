using System.Text.Json;
using System.Text.Json.Serialization;
using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Prompts.Tests.Iocs;

/// <summary>One hand-labelled text of <c>ioc-cases.jsonl</c>: what a careful analyst would extract from it.</summary>
internal sealed record LabelledIocCase(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("expected")] IReadOnlyList<LabelledIoc> Expected)
{
    public const string FileName = "ioc-cases.jsonl";

    public static IReadOnlyList<LabelledIocCase> LoadAll()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Iocs", FileName);
        var cases = new List<LabelledIocCase>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            cases.Add(JsonSerializer.Deserialize<LabelledIocCase>(line)
                ?? throw new InvalidDataException($"{FileName} line {lineNumber} is not a case object."));
        }

        return cases;
    }
}

/// <summary>An expected indicator in the labelled set.</summary>
internal sealed record LabelledIoc(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("internal")] bool Internal)
{
    public Ioc ToIoc() => IocTypeNames.TryParse(Type, out var type)
        ? new Ioc(type, Value, Internal)
        : throw new InvalidDataException($"Unknown IOC type name in {LabelledIocCase.FileName}.");
}
