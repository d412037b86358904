namespace Llama3Siem.Prompts.Output;

/// <summary>
/// The GBNF grammar that constrains the model's answer to the enrichment JSON (<see cref="ModelEnrichment"/>),
/// compact, keys in a fixed order. Every repetition is bounded so that generation ends within the token
/// budget even when the model rambles: the worst case is a few thousand characters, the usual case far less.
/// </summary>
/// <remarks>
/// llama.cpp crashes the process on grammar text it cannot resolve (an undefined rule, or an underscore in a
/// rule name), so rule names use hyphens only and the unit tests check the text structurally.
/// </remarks>
public static class EnrichmentGrammar
{
    public const string RootRule = "root";

    public const int MaxSummaryLength = 200;
    public const int MaxIocs = 8;
    public const int MaxIocValueLength = 200;
    public const int MaxEventRefsPerIoc = 4;
    public const int MaxTechniques = 6;
    public const int MaxEventRefsPerTechnique = 4;
    public const int MaxMitigations = 5;
    public const int MaxRationaleLength = 160;

    /// <summary>The grammar in llama.cpp's GBNF; start rule <see cref="RootRule"/>.</summary>
    public static string Text { get; } = $$"""
        root ::= "{" summary-field "," severity-field "," iocs-field "," techniques-field "," mitigations-field "," confidence-field "}"

        summary-field ::= "\"summary\":\"" text-char{0,{{MaxSummaryLength}}} "\""
        severity-field ::= "\"severity\":\"" ("low" | "medium" | "high" | "critical") "\""

        iocs-field ::= "\"iocs\":[" (ioc ("," ioc){0,{{MaxIocs - 1}}})? "]"
        ioc ::= "{\"type\":\"" ioc-type "\",\"value\":\"" text-char{1,{{MaxIocValueLength}}} "\",\"events\":[" (event-ref ("," event-ref){0,{{MaxEventRefsPerIoc - 1}}})? "]}"
        ioc-type ::= "ipv4" | "ipv6" | "domain" | "url" | "email" | "md5" | "sha1" | "sha256" | "cve"
        event-ref ::= "\"e" [1-9] [0-9]{0,2} "\""

        techniques-field ::= "\"techniques\":[" (technique ("," technique){0,{{MaxTechniques - 1}}})? "]"
        technique ::= "{\"id\":\"T" [0-9]{4} ("." [0-9]{3})? "\",\"events\":[" (event-ref ("," event-ref){0,{{MaxEventRefsPerTechnique - 1}}})? "]}"

        mitigations-field ::= "\"mitigations\":[" (mitigation ("," mitigation){0,{{MaxMitigations - 1}}})? "]"
        mitigation ::= "{\"id\":\"" control-id "\",\"rationale\":\"" text-char{0,{{MaxRationaleLength}}} "\"}"
        control-id ::= [A-Z] [A-Z] "-" [1-9] [0-9]? ("(" [1-9] [0-9]? ")")?

        confidence-field ::= "\"confidence\":" confidence
        confidence ::= "0" ("." [0-9] [0-9]?)? | "1" (".0" "0"?)?

        # No raw control characters; only the simple JSON escapes (no \u, so no hidden characters).
        text-char ::= [^"\\\x00-\x1F\x7F] | "\\" ["\\/bfnrt]
        """;

    /// <summary>How the answer must look, for the instructions in the prompt.</summary>
    public static string SchemaDescription { get; } = $$"""
        Answer with one compact JSON object and nothing else, keys in this order:
        {"summary":"<at most {{MaxSummaryLength}} characters>","severity":"low|medium|high|critical","iocs":[{"type":"ipv4|ipv6|domain|url|email|md5|sha1|sha256|cve","value":"<the indicator exactly as it occurs in the events>","events":["e1"]}],"techniques":[{"id":"T1059.001","events":["e2"]}],"mitigations":[{"id":"AC-2(4)","rationale":"<at most {{MaxRationaleLength}} characters>"}],"confidence":0.85}
        At most {{MaxIocs}} iocs, each citing at most {{MaxEventRefsPerIoc}} events by their labels (e1, e2, ...); at most {{MaxTechniques}} MITRE ATT&CK technique ids, each citing at most {{MaxEventRefsPerTechnique}} events that show it; at most {{MaxMitigations}} NIST SP 800-53 control ids; confidence between 0 and 1.
        """;
}
