namespace Llama3Siem.Prompts.Knowledge.Import;

internal static class TableText
{
    /// <summary>A name or title as one TSV cell: tabs and line breaks would split rows, so they become spaces.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var trimmed = value.Trim();
        return trimmed.AsSpan().IndexOfAny('\t', '\r', '\n') < 0
            ? trimmed
            : string.Join(' ', trimmed.Split(['\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>A version as one token of the <c># version:</c> line, which is split on spaces.</summary>
    public static string VersionToken(string value) =>
        string.IsNullOrWhiteSpace(value) ? KnowledgeImport.UnknownVersion : string.Join('_', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
