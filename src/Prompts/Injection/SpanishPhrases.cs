namespace Llama3Siem.Prompts.Injection;

/// <summary>Spanish orders to the model: overriding earlier instructions, notes to the AI, verdict and IOC orders.</summary>
internal static class SpanishPhrases
{
    private const string Addressee =
        @"(?:la\s+|el\s+)?(?:ia|i\.a\.|inteligencia\s+artificial|asistente\s+(?:de\s+ia|virtual|autom[áa]tico|de\s+seguridad)|analista\s+(?:de\s+ia|autom[áa]tico|automatizado|virtual)|modelo\s+de\s+(?:lenguaje|ia)|bot\s+(?:de\s+an[áa]lisis|analista))";

    public static Phrasebook Book { get; } = new()
    {
        // Every pattern holds a word, a mandatory \s+ and another word ("verb\s+object", "note\s+to\s+addressee").
        Needs = Prerequisite.Words,
        Overrides =
        [
            @"\b(?:ignora|ignore|ignorad|ignoren|olvida|olvide|olvidad|olviden|descarta|descarte|omite|omita|haz\s+caso\s+omiso\s+(?:a|de)|no\s+hagas\s+caso\s+(?:a|de))\s+(?:tod[oa]s\s+)?(?:las\s+|los\s+|tus\s+|sus\s+)?(?:(?:anteriores|previas|primeras)\s+)?(?:instrucciones|reglas|indicaciones|[óo]rdenes|directrices|normas|pautas|consignas)(?:\s+(?:anteriores|previas|de\s+arriba|precedentes|originales|del\s+sistema|recibidas))?\b",
        ],
        Headers =
        [
            $@"\b(?:nota|mensaje|instrucci[óo]n(?:es)?|aviso|atenci[óo]n|recordatorio)\s+(?:para|a)\s+(?:la\s+|el\s+)?{Addressee}\s*[:,.\-]",
            $@"\b(?:querid[oa]|hola|oye|estimad[oa])\s+{Addressee}\b",
        ],
        Directives =
        [
            @"\b(?:lista|incluye|registra|reporta|marca|identifica|indica|se[ñn]ala)\s+(?:[^\s!?;]+\s+){0,6}?como\s+(?:el\s+|la\s+)?(?:servidor\s+de\s+(?:comando|control|mando)|c2|atacante|origen\s+del\s+ataque)",
            @"\ben\s+tu\s+(?:resumen|informe|an[áa]lisis|respuesta|veredicto)\b[^.!?\n]{0,80}\b(?:indica|escribe|di|pon|afirma|menciona|concluye)\b",
        ],
        VerdictOrders =
        [
            @"\b(?:m[áa]rca(?:lo|la)?|clasif[íi]ca(?:lo|la)?|cat[áa]loga(?:lo|la)?|trata(?:lo|la)?|considera(?:lo|la)?)\s+(?:[^\s!?;]+\s+){0,5}?como\s+(?:un\s+)?(?:falso\s+positivo|benign[oa]|leg[íi]tim[oa]|inofensiv[oa]|autorizad[oa]|informativ[oa])",
            @"\bno\s+(?:escales|escalar|escale|abras\s+(?:un\s+)?incidente|generes\s+(?:una\s+)?alerta)\b",
        ],
    };
}
