using Llama3Siem.Prompts.Injection;
using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Prompts.Enrichment;

/// <summary>
/// What one field value holds: its IOCs, the spans of text in it that address an automated analyst, and which of
/// its IOCs also occur outside those spans (real evidence rather than words an attacker put in an order).
/// </summary>
internal sealed class TextEvidence
{
    private readonly HashSet<Ioc>? _outsideInjection;

    private TextEvidence(IReadOnlyList<Ioc> iocs, IReadOnlyList<InjectionSpan> injection, HashSet<Ioc>? outsideInjection)
    {
        Iocs = iocs;
        Injection = injection;
        _outsideInjection = outsideInjection;
    }

    public IReadOnlyList<Ioc> Iocs { get; }

    public IReadOnlyList<InjectionSpan> Injection { get; }

    /// <summary>Whether <paramref name="ioc"/> occurs in this text outside every injection span.</summary>
    public bool IsEvidence(Ioc ioc) => _outsideInjection is null || _outsideInjection.Contains(ioc);

    public static TextEvidence Of(string text, IocExtractor extractor, InjectionDetector detector)
    {
        var iocs = extractor.Extract(text);
        var injection = detector.Scan(text);
        if (injection.Count == 0 || iocs.Count == 0)
        {
            return new TextEvidence(iocs, injection, outsideInjection: null);
        }

        // Extract again with the injected text blanked: what is still found stands outside it.
        return new TextEvidence(iocs, injection, extractor.Extract(Blank(text, injection)).ToHashSet());
    }

    /// <summary><paramref name="text"/> with every span replaced by spaces (same length, so positions hold).</summary>
    public static string Blank(string text, IReadOnlyList<InjectionSpan> spans)
    {
        var blanked = text.ToCharArray();
        foreach (var span in spans)
        {
            var end = Math.Min(blanked.Length, span.Start + span.Length);
            for (var i = Math.Max(0, span.Start); i < end; i++)
            {
                blanked[i] = ' ';
            }
        }

        return new string(blanked);
    }
}
