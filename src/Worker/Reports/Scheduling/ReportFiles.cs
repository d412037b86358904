namespace Llama3Siem.Worker.Reports.Scheduling;

/// <summary>Writes a report's renderings into the output folder, each through a temporary file and a rename.</summary>
internal static class ReportFiles
{
    /// <summary>
    /// A reader (a web server, a sync job) sees either the previous file or the whole new one, never a
    /// half-written page; two workers writing the same window replace the file with equal content.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(string folder, string stem, ThreatReport report, IEnumerable<string> formats, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var format in formats.Distinct(StringComparer.Ordinal))
        {
            var text = format switch
            {
                "html" => ThreatReportRenderer.Html(report),
                "json" => ThreatReportRenderer.Json(report),
                "md" => ThreatReportRenderer.Markdown(report),
                _ => throw new ArgumentException($"Unknown report format '{format}'.", nameof(formats)),
            };
            var path = Path.Combine(folder, $"{stem}.{format}");
            var temporary = Path.Combine(folder, $".{stem}.{format}.{Guid.NewGuid():N}.tmp");
            try
            {
                await File.WriteAllTextAsync(temporary, text, cancellationToken);
                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }

            written.Add(path);
        }

        return written;
    }
}
