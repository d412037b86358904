using System.Text.RegularExpressions;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// Cuts a multi-document YAML text at its <c>---</c> markers, so that each document is parsed on its own: a YAML
/// error in one then costs that document only (YamlDotNet refuses a whole stream for one bad document).
/// A line starting with <c>---</c> at column 0 is always a document marker in YAML: block scalars are indented and
/// multi-line flow scalars may not hold one, so cutting there never splits a value.
/// </summary>
internal static partial class SigmaYamlDocuments
{
    /// <summary>The documents' texts in order, each with its marker line; blank text before the first marker is dropped.</summary>
    public static IReadOnlyList<string> Split(string yaml)
    {
        var starts = DocumentMarker().Matches(yaml).Select(m => m.Index).Prepend(0).Distinct().ToList();
        var documents = new List<string>(starts.Count);
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : yaml.Length;
            var text = yaml[starts[i]..end];
            if (i > 0 || !string.IsNullOrWhiteSpace(text))
            {
                documents.Add(text);
            }
        }

        return documents;
    }

    [GeneratedRegex(@"^---(?=\s|$)", RegexOptions.Multiline)]
    private static partial Regex DocumentMarker();
}
