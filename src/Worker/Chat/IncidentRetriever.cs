using Llama3Siem.Prompts.Enrichment;
using Llama3Siem.Sinks.Incidents;
using Microsoft.Extensions.Logging;

namespace Llama3Siem.Worker.Chat;

/// <summary>
/// Finds the incidents an answer is grounded on, in order of relevance, at most <c>Chat:MaxRetrievedIncidents</c>:
/// <list type="number">
/// <item>the incident the request names (it must exist);</item>
/// <item>incident ids written in the question;</item>
/// <item>without a named incident: ids cited in the conversation's recent answers, so a follow-up ("and which users?")
/// stays on the same incidents, then a search built from the question's informative words.</item>
/// </list>
/// </summary>
/// <remarks>
/// The search runs the terms together and then one by one (the store ANDs the terms of one query), and ranks
/// incidents by how many terms they matched. When nothing matches, nothing is retrieved: falling back to recent
/// incidents would give the model material unrelated to the question and invite a confident wrong answer, while
/// an empty context makes the reply say plainly that the stored incidents do not show this.
/// </remarks>
internal sealed class IncidentRetriever(IIncidentStore store, int maxIncidents, ILogger logger)
{
    /// <summary>Cited ids of this many of the newest answers are carried into a follow-up.</summary>
    private const int FollowUpAnswers = 2;

    public async Task<IReadOnlyList<EnrichedIncident>> RetrieveAsync(
        string question, string? incidentId, IReadOnlyList<ChatTurn> history, CancellationToken cancellationToken)
    {
        var found = new List<EnrichedIncident>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(EnrichedIncident incident)
        {
            if (found.Count < maxIncidents && seen.Add(incident.Id))
            {
                found.Add(incident);
            }
        }

        if (incidentId is not null)
        {
            Add(await store.GetAsync(incidentId, cancellationToken)
                ?? throw ChatRequestException.NotFound("incidentId: incident not found."));
        }

        var mentioned = IncidentIdText.Find(question);
        if (incidentId is null)
        {
            mentioned = [.. mentioned, .. history
                .Where(t => t.Role == ChatTurn.Assistant)
                .TakeLast(FollowUpAnswers)
                .Reverse()
                .SelectMany(t => IncidentIdText.Find(t.Content))];
        }

        foreach (var id in mentioned.Distinct(StringComparer.Ordinal))
        {
            if (found.Count >= maxIncidents)
            {
                break;
            }

            if (!seen.Contains(id) && await store.GetAsync(id, cancellationToken) is { } incident)
            {
                Add(incident);
            }
        }

        var byId = found.Count;
        var terms = QuestionTerms.From(question);
        if (incidentId is null && found.Count < maxIncidents && terms.Count > 0)
        {
            foreach (var incident in await SearchAsync(terms, cancellationToken))
            {
                Add(incident);
            }
        }

        ChatLog.Retrieved(logger, byId, found.Count - byId, terms.Count);
        return found;
    }

    private async Task<IReadOnlyList<EnrichedIncident>> SearchAsync(IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var queries = terms.Count > 1 ? [string.Join(' ', terms), .. terms] : terms;
        var scores = new Dictionary<string, (EnrichedIncident Incident, int Score, int FirstRank)>(StringComparer.Ordinal);
        var rank = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            // Matching every term together outweighs any number of single-term matches.
            var weight = q == 0 && terms.Count > 1 ? terms.Count + 1 : 1;
            var hits = await store.SearchAsync(new IncidentQuery(Text: queries[q], Limit: maxIncidents), cancellationToken);
            foreach (var incident in hits)
            {
                scores[incident.Id] = scores.TryGetValue(incident.Id, out var known)
                    ? (known.Incident, known.Score + weight, known.FirstRank)
                    : (incident, weight, rank++);
            }
        }

        return scores.Values
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.FirstRank)
            .Select(s => s.Incident)
            .ToList();
    }
}
