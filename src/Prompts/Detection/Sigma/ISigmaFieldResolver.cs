using Llama3Siem.Prompts.Events;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// Where a Sigma field name (<c>Image</c>, <c>CommandLine</c>, <c>eventName</c>) lives in our events, whose
/// fields keep the names of the source they came from.
/// </summary>
public interface ISigmaFieldResolver
{
    /// <summary>The field's values in the event: none when it has no such field, several for a list.</summary>
    IReadOnlyList<string> Resolve(SecurityEvent evt, string field);
}
