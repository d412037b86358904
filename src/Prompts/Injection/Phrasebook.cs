namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// One language's orders to the model, as regular-expression sources grouped by what they do; each group has
/// the kind and span extent that <see cref="Rules"/> gives it.
/// </summary>
internal sealed record Phrasebook
{
    /// <summary>What every pattern of the book needs (<see cref="PhraseRule"/>); each book says why.</summary>
    public required Prerequisite Needs { get; init; }

    /// <summary>"Ignore the previous instructions": instruction-override, from the sentence start to the end of the line.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>Headers and greetings addressed to the model ("note to the AI:"): model-directive over the rest of the line.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>Orders about the answer ("list X as the command server", "in your summary write"): model-directive over the sentence.</summary>
    public IReadOnlyList<string> Directives { get; init; } = [];

    /// <summary>Orders to downgrade ("mark as false positive", "do not escalate"): verdict-manipulation over the sentence.</summary>
    public IReadOnlyList<string> VerdictOrders { get; init; } = [];

    public IEnumerable<PhraseRule> Rules(PatternFactory patterns) =>
    [
        .. Overrides.Select(p => new PhraseRule(InjectionKinds.InstructionOverride, Needs, patterns.Create(p), SpanExtent.SentenceToLineEnd)),
        .. Headers.Select(p => new PhraseRule(InjectionKinds.ModelDirective, Needs, patterns.Create(p), SpanExtent.Line)),
        .. Directives.Select(p => new PhraseRule(InjectionKinds.ModelDirective, Needs, patterns.Create(p), SpanExtent.Sentence)),
        .. VerdictOrders.Select(p => new PhraseRule(InjectionKinds.VerdictManipulation, Needs, patterns.Create(p), SpanExtent.Sentence)),
    ];
}
