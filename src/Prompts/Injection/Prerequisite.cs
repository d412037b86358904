namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// What a rule cannot match without: every feature of <paramref name="AllOf"/> and, unless <paramref name="AnyOf"/>
/// is empty, at least one of <paramref name="AnyOf"/>. A prerequisite must be implied by every match of the rule
/// (read from its patterns: a literal character, a mandatory <c>\s+</c> between two words), so skipping the rule
/// on text that lacks it changes no result.
/// </summary>
internal readonly record struct Prerequisite(TextFeatures AllOf, TextFeatures AnyOf = TextFeatures.None)
{
    /// <summary>Nothing: the rule runs on every text.</summary>
    public static Prerequisite None { get; } = new(TextFeatures.None);

    /// <summary>
    /// Two words: a letter, white space, a letter. Every phrase of a language written with spaces between words
    /// holds a word, a mandatory <c>\s+</c> and another word; literal letters match only letters, even ignoring
    /// case (K also matches the Kelvin sign, a letter too), and <c>\s</c> only white space.
    /// </summary>
    public static Prerequisite Words { get; } = new(TextFeatures.Words);

    public bool IsMetBy(TextFeatures features) =>
        (features & AllOf) == AllOf && (AnyOf == TextFeatures.None || (features & AnyOf) != TextFeatures.None);
}
