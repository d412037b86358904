namespace Llama3Siem.Prompts.Injection;

/// <summary>Portuguese orders to the model: overriding earlier instructions, notes to the AI, verdict and IOC orders.</summary>
internal static class PortuguesePhrases
{
    private const string Addressee =
        @"(?:a\s+|o\s+)?(?:ia|i\.a\.|intelig[êe]ncia\s+artificial|assistente\s+(?:de\s+ia|virtual|autom[áa]tico|de\s+seguran[çc]a)|analista\s+(?:de\s+ia|autom[áa]tico|automatizado|virtual)|modelo\s+de\s+(?:linguagem|ia))";

    public static Phrasebook Book { get; } = new()
    {
        // Every pattern holds a word, a mandatory \s+ and another word ("verb\s+object", "note\s+to\s+addressee").
        Needs = Prerequisite.Words,
        Overrides =
        [
            @"\b(?:ignore|ignora|ignorem|esque[çc]a|esquece|esque[çc]am|desconsidere|desconsidera|descarte|descarta|n[ãa]o\s+obede[çc]a\s+(?:a|à)s?)\s+(?:tod[oa]s\s+)?(?:as\s+|os\s+|suas\s+|tuas\s+)?(?:instru[çc][õo]es|regras|orienta[çc][õo]es|ordens|diretrizes|normas)\s+(?:anteriores|pr[ée]vias|acima|originais|do\s+sistema|recebidas)\b",
        ],
        Headers =
        [
            $@"\b(?:nota|mensagem|instru[çc][ãa]o|aviso|aten[çc][ãa]o|lembrete)\s+(?:para|[àa]|ao)\s+{Addressee}\s*[:,.\-]",
            $@"\b(?:prezad[oa]|ol[áa]|oi|car[oa])\s+{Addressee}\b",
        ],
        Directives =
        [
            @"\b(?:liste|inclua|registre|relate|reporte|marque|identifique|indique|aponte)\s+(?:[^\s!?;]+\s+){0,6}?como\s+(?:o\s+|a\s+)?(?:servidor\s+de\s+(?:comando|controle)|c2|atacante|origem\s+do\s+ataque)",
            @"\bno\s+seu\s+(?:resumo|relat[óo]rio|an[áa]lise|resposta|veredito)\b[^.!?\n]{0,80}\b(?:diga|escreva|indique|afirme|mencione|conclua|informe)\b",
        ],
        VerdictOrders =
        [
            @"\b(?:marque|classifique|trate|considere|registre|rotule)\s+(?:[^\s!?;]+\s+){0,5}?como\s+(?:um\s+)?(?:falso\s+positivo|benign[oa]|leg[íi]tim[oa]|inofensiv[oa]|autorizad[oa]|informativ[oa])",
            @"\bn[ãa]o\s+(?:escale|escalone|escalar|abra\s+(?:um\s+)?incidente|gere\s+(?:um\s+)?alerta)\b",
        ],
    };
}
