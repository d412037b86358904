using Llama3Siem.Prompts.Injection;

namespace Llama3Siem.Prompts.Tests.Injection;

/// <summary>Shared steps of the injection tests: the kinds found in a text, and the text a span covers.</summary>
internal static class Detected
{
    public static HashSet<string> Kinds(string text) =>
        InjectionDetector.Default.Scan(text).Select(s => s.Kind).ToHashSet(StringComparer.Ordinal);

    public static string Covered(string text, string kind)
    {
        var span = Assert.Single(InjectionDetector.Default.Scan(text), s => s.Kind == kind);
        return text.Substring(span.Start, span.Length);
    }
}
