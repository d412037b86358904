namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// Pieces of the English patterns that several phrases share: where an imperative may stand, who the model is
/// called, what counts as a claim of benignity, which words name our output.
/// </summary>
internal static class PhraseFragments
{
    /// <summary>
    /// Where an order starts: at the start of the text or after punctuation, or after a softener or joiner
    /// ("please", "and", "you must"), or after echo and rem, which carry orders inside command lines. A verb elsewhere ("users report that ...") is narration, not an order.
    /// </summary>
    public const string Lead =
        @"(?:(?<=^|[\n\r.!?:;,(""'\-\u2014>|=&])\s*|\b(?:please|pls|plz|kindly|and|then|also|now|must|should|shall|you|always|simply|just|instead|immediately|echo|rem)\s+)";

    /// <summary>Up to six words between a verb and its complement; a word may hold dots (an address, a domain).</summary>
    public const string Gap = @"(?:[^\s!?;]+\s+){0,6}?";

    /// <summary>
    /// Names for an automated analyst. "Assistant" alone is a job title too ("assistant manager"), so it counts
    /// only when no title word follows it; "model" alone names hardware, so it counts only as a language or AI model.
    /// </summary>
    public const string Addressee =
        @"(?:a\.?i\.?|llms?|gpt(?:-?\d+o?)?|chat\s?gpt|llama(?:\s?\d)?|(?:large\s+)?language\s+models?|ai\s+models?|(?:ai|llm|gpt|automated|automatic|virtual|machine|robot)[\s_-]+(?:soc\s+|security\s+|threat\s+)?(?:analysts?|assistants?|agents?|reviewers?|triager|triage(?:\s+(?:bot|system|engine))?|systems?|helpers?|summari[sz]ers?|copilots?|bots?)|(?:analyst|triage|soc|security|siem)[\s_-]+(?:bots?|copilots?|ai)|copilots?|chat\s?bots?|assistants?(?!\s+(?:manager|director|professor|editor|secretary|coach|to\b|principal|controller|engineer|administrator|admin|treasurer|superintendent|vice|general|head|chief|buyer|store|account))|model\s+reading\s+this|whoever\s+(?:summari[sz]es|reads|analy[sz]es|triages)\s+this)";

    /// <summary>Claims that the activity is fine: the argument an injected order to downgrade leans on.</summary>
    public const string Claim =
        @"\b(?:authori[sz]ed|approved|sanctioned|whitelisted|allow-?listed|known[\s-]good|expected\s+(?:behaviou?r|activity|traffic)|false[\s-]+positive|benign|harmless|pre-?approved|(?:penetration|pen)[\s-]?test(?:ing)?|red[\s-]team|scheduled\s+maintenance|legitimate|routine|not\s+malicious|by\s+design|signed\s+off)\b";

    /// <summary>Verdicts that downgrade: what an injected order wants the event to be called.</summary>
    public const string BenignVerdict =
        @"(?:a\s+|an\s+)?(?:known\s+)?(?:false[\s-]+positive|fp\b|benign|informational|info\b|low(?:\s+(?:severity|priority|risk))?\b|harmless|safe\b|authori[sz]ed|expected|legitimate|not\s+malicious|non-?malicious|noise|test\s+activity|sanctioned|approved|whitelisted|allow-?listed|clean\b|no\s+threat|none\b)";

    /// <summary>What the model writes: the objects of orders about the answer.</summary>
    public const string OurOutput =
        @"(?:summary|report|analysis|answer|response|output|verdict|findings|assessment|json|narrative|triage\s+notes?|conclusion)";

    /// <summary>Ticket, change and incident ids as service desks write them.</summary>
    public const string TicketId =
        @"(?:(?:INC|CHG|CR|RITM|REQ|SR|TASK|PRB|CASE|TKT|SEC|SOC|RFC|SNOW|APR|EXC|CAB)[-_#]?\d{3,10}|[A-Z]{2,6}-\d{2,8})";

    /// <summary>What an injected order wants an indicator listed as.</summary>
    public const string AttackerRole =
        @"(?:primary\s+|main\s+|real\s+|actual\s+|confirmed\s+)?(?:command(?:[\s-]+(?:and|&)[\s-]+control)?(?:[\s-]+(?:server|host|node|infrastructure|domain|channel))?|c2(?:\s+server)?|c&c|cnc|attacker(?:'s)?(?:\s+(?:ip|address|host|server|infrastructure))?|threat\s+actor|adversary|source\s+of\s+(?:the\s+)?(?:attack|compromise|breach|intrusion)|culprit|root\s+cause|exfiltration\s+\w+|patient\s+zero|perpetrator|origin\s+of\s+the\s+(?:attack|intrusion))";
}
