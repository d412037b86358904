namespace Llama3Siem.Prompts.Injection;

/// <summary>German orders to the model: overriding earlier instructions, notes to the AI, verdict and IOC orders.</summary>
internal static class GermanPhrases
{
    private const string Addressee =
        @"(?:die\s+|der\s+|das\s+|den\s+)?(?:ki|k\.i\.|ki-(?:analyst(?:en)?|assistent(?:en)?|modell|system)|k[üu]nstliche\s+intelligenz|sprachmodell|assistenzsystem|automatisierte[nr]?\s+analyst(?:en)?|analyse-?bot)";

    public static Phrasebook Book { get; } = new()
    {
        // Every pattern holds a word, a mandatory \s+ and another word ("verb\s+object", "note\s+to\s+addressee").
        Needs = Prerequisite.Words,
        Overrides =
        [
            @"\b(?:ignoriere|ignorier|ignorieren\s+sie|vergiss|vergessen\s+sie|missachte|missachten\s+sie|verwirf|verwerfen\s+sie|übergehe|uebergehe)\s+(?:alle\s+|die\s+|deine\s+|ihre\s+|s[äa]mtliche\s+)*(?:vorherigen|vorigen|bisherigen|obigen|fr[üu]heren|vorangegangenen|urspr[üu]nglichen|alten|bisher\s+erhaltenen)\s+(?:anweisungen|regeln|instruktionen|vorgaben|befehle|richtlinien|hinweise|anordnungen)\b",
            @"\b(?:alle\s+)?(?:vorherigen|bisherigen|obigen|fr[üu]heren)\s+(?:anweisungen|regeln|instruktionen|vorgaben)\s+(?:ignorieren|vergessen|missachten|sind\s+(?:ung[üu]ltig|aufgehoben|hinf[äa]llig))\b",
        ],
        Headers =
        [
            $@"\b(?:hinweis|nachricht|anweisung|notiz|achtung|information|mitteilung)\s+(?:an|f[üu]r)\s+{Addressee}\s*[:,.\-]",
            $@"\b(?:liebe[rs]?|hallo|hey|sehr\s+geehrte[rs]?)\s+{Addressee}\b",
        ],
        Directives =
        [
            @"\b(?:f[üu]hre|liste|nenne|trage|melde|markiere|gib)\s+(?:[^\s!?;]+\s+){0,6}?als\s+(?:den\s+|die\s+)?(?:command-(?:and-control-)?server|c2(?:-server)?|kontrollserver|steuerungsserver|angreifer|ursprung\s+des\s+angriffs)\b",
            @"\b(?:in\s+deine[rm]?|in\s+ihre[rm]?)\s+(?:zusammenfassung|bericht|analyse|antwort|bewertung)\b[^.!?\n]{0,80}\b(?:schreibe|schreiben|erw[äa]hne|gib|steht|angeben|vermerke)\b",
        ],
        VerdictOrders =
        [
            @"\b(?:markiere|markieren\s+sie|stufe|stufen\s+sie|klassifiziere|klassifizieren\s+sie|bewerte|bewerten\s+sie|behandle|behandeln\s+sie)\s+(?:[^\s!?;]+\s+){0,5}?als\s+(?:einen?\s+)?(?:fehlalarm|falsch[\s-]?positiv|harmlos|unbedenklich|legitim|autorisiert|genehmigt|informativ|niedrig)",
            @"\b(?:nicht\s+eskalieren|eskaliere\s+(?:dies|das|es)\s+nicht|keinen\s+(?:alarm|vorfall)\s+(?:ausl[öo]sen|er[öo]ffnen|anlegen))\b",
        ],
    };
}
