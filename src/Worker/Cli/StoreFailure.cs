using Llama3Siem.Sinks.Elasticsearch;

namespace Llama3Siem.Worker.Cli;

/// <summary>How a store failure is told to an operator: the store's own words and the cause underneath, on one line.</summary>
internal static class StoreFailure
{
    /// <summary>
    /// The failure and its innermost cause (a refused connection names the endpoint). Both are about requests and
    /// statuses, never incident content (see <see cref="ElasticsearchStoreException"/>).
    /// </summary>
    public static string Describe(ElasticsearchStoreException store)
    {
        // The chain says it at several depths (the transport's summary, the HTTP error naming the endpoint, the
        // socket's reason): each distinct message once, outermost first.
        var causes = new List<string>();
        for (var cause = store.InnerException; cause is not null; cause = cause.InnerException)
        {
            if (!causes.Any(known => known.Contains(cause.Message, StringComparison.Ordinal)) && !store.Message.Contains(cause.Message, StringComparison.Ordinal))
            {
                causes.Add(cause.Message);
            }
        }

        return causes.Count == 0 ? store.Message : $"{store.Message} Last error: {string.Join(" / ", causes)}";
    }
}
