namespace Llama3Siem.Worker.Chat;

/// <summary>An answer after <see cref="CitationFilter"/>: its text, the retrieved ids it cites, and how many citations were removed.</summary>
internal sealed record CitedAnswer(string Text, IReadOnlyList<string> Citations, int Removed);
