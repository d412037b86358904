using System.Text;
using System.Text.Json;
using Llama3Siem.Prompts.Events;
using Llama3Siem.Prompts.Tests.Events;

namespace Llama3Siem.Prompts.Tests.Injection;

/// <summary>One line of Corpus/injection-corpus.jsonl: a raw event labelled injection or benign, parsed as the worker would.</summary>
internal sealed record InjectionCorpusRecord(
    string Id,
    bool IsInjection,
    string Category,
    string Shape,
    IReadOnlyList<string> Fields,
    IReadOnlyList<string> GenuineIocs,
    IReadOnlyList<string> InjectedIocs,
    SecurityEvent Event)
{
    public const string FileName = "injection-corpus.jsonl";

    public static IReadOnlyList<InjectionCorpusRecord> LoadAll()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Injection", "Corpus", FileName);
        return File.ReadLines(path).Where(l => l.Length > 0).Select(Parse).ToList();
    }

    private static InjectionCorpusRecord Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var id = root.GetProperty("id").GetString()!;
        var result = EventParsing.Parser().Parse(Encoding.UTF8.GetBytes(root.GetProperty("record").GetRawText()), origin: id);
        Assert.True(result.IsSuccess, $"{id}: rejected: {result.Rejection}");
        return new InjectionCorpusRecord(
            id,
            root.GetProperty("label").GetString() == "injection",
            root.GetProperty("category").GetString()!,
            root.GetProperty("shape").GetString()!,
            Strings(root, "fields"),
            Strings(root, "genuine_iocs"),
            Strings(root, "injected_iocs"),
            result.Event!);
    }

    private static List<string> Strings(JsonElement root, string name) =>
        [.. root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
