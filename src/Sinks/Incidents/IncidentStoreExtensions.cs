using System.Runtime.CompilerServices;
using Llama3Siem.Prompts.Enrichment;

namespace Llama3Siem.Sinks.Incidents;

public static class IncidentStoreExtensions
{
    /// <summary>
    /// Every incident matching <paramref name="query"/>'s filters, page by page (its Limit and Offset are
    /// ignored), up to <paramref name="maximum"/>.
    /// </summary>
    public static async IAsyncEnumerable<EnrichedIncident> ReadAllAsync(
        this IIncidentStore store,
        IncidentQuery query,
        int maximum,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        const int PageSize = 1000;
        var read = 0;
        for (var offset = 0; read < maximum; offset += PageSize)
        {
            var page = await store.SearchAsync(query with { Limit = PageSize, Offset = offset }, cancellationToken).ConfigureAwait(false);
            foreach (var incident in page.Take(maximum - read))
            {
                read++;
                yield return incident;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }
        }
    }
}
