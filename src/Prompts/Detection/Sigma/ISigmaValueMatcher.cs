namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>One compiled rule value, tested against one value of an event field.</summary>
internal interface ISigmaValueMatcher
{
    bool Matches(string value);

    /// <summary>
    /// The test every value this matcher accepts passes, for the rule index; null where there is none to look
    /// up (a regex, a number, a network).
    /// </summary>
    SigmaFieldLiteral? LiteralFor(string field) => null;
}
