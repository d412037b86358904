namespace Llama3Siem.Sinks.Elasticsearch;

/// <summary>
/// The names one prefix gives the report store: the reports alias and its concrete index, the claims alias and
/// its index, and the index template of each. Laid out like <see cref="IncidentIndexNames"/>.
/// </summary>
internal sealed record ReportIndexNames(string Prefix)
{
    /// <summary>Bumped when a mapping change needs a new index (and a reindex into it).</summary>
    public const int Generation = 1;

    public string Alias => $"{Prefix}-reports";

    public string Index => $"{Alias}-v{Generation}";

    public string IndexPattern => $"{Alias}-*";

    public string IndexTemplate => Alias;

    public string ClaimsAlias => $"{Prefix}-report-claims";

    public string ClaimsIndex => $"{ClaimsAlias}-v{Generation}";

    public string ClaimsIndexPattern => $"{ClaimsAlias}-*";

    public string ClaimsIndexTemplate => ClaimsAlias;
}
