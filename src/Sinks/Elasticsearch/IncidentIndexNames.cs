namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// The names one prefix gives: the alias every read and write goes through, the concrete index behind it,
/// and the templates that shape that index.
/// </summary>
internal sealed record IncidentIndexNames(string Prefix)
{
    /// <summary>Bumped when a mapping change needs a new index (and a reindex into it).</summary>
    public const int Generation = 1;

    public string Alias => $"{Prefix}-incidents";

    public string Index => $"{Prefix}-incidents-v{Generation}";

    public string IndexPattern => $"{Prefix}-incidents-*";

    public string SettingsTemplate => $"{Prefix}-incidents-settings";

    public string MappingsTemplate => $"{Prefix}-incidents-mappings";

    public string IndexTemplate => $"{Prefix}-incidents";
}
