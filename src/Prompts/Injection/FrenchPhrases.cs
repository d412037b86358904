namespace Llama3Siem.Prompts.Injection;

/// <summary>French orders to the model: overriding earlier instructions, notes to the AI, verdict and IOC orders.</summary>
internal static class FrenchPhrases
{
    private const string Addressee =
        @"(?:l['’]\s*|la\s+|le\s+)?(?:ia|i\.a\.|intelligence\s+artificielle|assistant\s+(?:ia|virtuel|automatique|de\s+s[ée]curit[ée])|analyste\s+(?:ia|automatique|automatis[ée]|virtuel)|mod[èe]le\s+de\s+langage|bot\s+d['’]analyse)";

    public static Phrasebook Book { get; } = new()
    {
        // Every pattern holds a word, a mandatory \s+ and another word ("verb\s+object", "note\s+to\s+addressee").
        Needs = Prerequisite.Words,
        Overrides =
        [
            @"\b(?:ignore|ignorez|oublie|oubliez|ne\s+tiens\s+pas\s+compte|ne\s+tenez\s+pas\s+compte|fais\s+abstraction|faites\s+abstraction|fais\s+fi|faites\s+fi)\s+(?:de\s+|des\s+|d['’])?(?:toutes\s+|tous\s+)?(?:les\s+|tes\s+|vos\s+|ces\s+)?(?:instructions|consignes|r[èe]gles|directives|ordres|indications)\s+(?:pr[ée]c[ée]dentes|ant[ée]rieures|ci-dessus|d['’]avant|initiales|du\s+syst[èe]me|re[çc]ues)\b",
        ],
        Headers =
        [
            $@"\b(?:note|message|consigne|remarque|attention|avis|rappel)\s+(?:[àa]|pour)\s+{Addressee}\s*[:,.\-]",
            $@"\b(?:ch[èe]re?|bonjour|salut|cher)\s+{Addressee}\b",
        ],
        Directives =
        [
            @"\b(?:liste|listez|indique|indiquez|signale|signalez|d[ée]signe|d[ée]signez|inscris|inscrivez|note|notez)\s+(?:[^\s!?;]+\s+){0,6}?comme\s+(?:le\s+|l['’])?(?:serveur\s+de\s+(?:commande|contr[ôo]le)|c2|attaquant|origine\s+de\s+l['’]attaque)",
            @"\bdans\s+(?:ton|votre)\s+(?:r[ée]sum[ée]|rapport|analyse|r[ée]ponse|verdict)\b[^.!?\n]{0,80}\b(?:indique|indiquez|[ée]cris|[ée]crivez|dis|dites|mentionne|mentionnez|affirme|affirmez|conclus|concluez)\b",
        ],
        VerdictOrders =
        [
            @"\b(?:marque|marquez|classe|classez|consid[èe]re|consid[ée]rez|traite|traitez|qualifie|qualifiez)\s+(?:[^\s!?;]+\s+){0,5}?comme\s+(?:un\s+)?(?:faux\s+positif|b[ée]nin|b[ée]nigne|l[ée]gitime|inoffensif|autoris[ée]e?|informati(?:f|ve))",
            @"\bn['’]\s*(?:escalade|escaladez|ouvre|ouvrez|cr[ée]e|cr[ée]ez)\s+(?:pas|aucun(?:e)?)\b",
        ],
    };
}
