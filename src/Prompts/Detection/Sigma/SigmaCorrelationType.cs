namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>The Sigma 2 correlation types this engine evaluates (<c>correlation.type</c>).</summary>
public enum SigmaCorrelationType
{
    /// <summary><c>event_count</c>: how many events the referenced rules matched.</summary>
    EventCount,

    /// <summary><c>value_count</c>: how many distinct values of the condition's <c>field</c> those events carry.</summary>
    ValueCount,

    /// <summary><c>temporal</c>: how many of the referenced rules matched at all.</summary>
    Temporal,

    /// <summary><c>temporal_ordered</c>: how many of the referenced rules matched one after another, in the order listed.</summary>
    TemporalOrdered,
}
