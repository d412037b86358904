using Llama3Siem.Prompts.Injection;
using Llama3Siem.Prompts.Iocs;

namespace Llama3Siem.Prompts.Enrichment;

/// <summary>
/// The evidence (IOCs and injection spans) of recently seen field values. A stream repeats most values from event
/// to event (channels, providers, images, addresses, domains); both scans are pure functions of the text, so a
/// value already scanned is answered from here. Bounded: at most <see cref="Capacity"/> values of at most
/// <see cref="MaxCachedLength"/> characters, forgotten all at once when full. Thread-safe.
/// </summary>
internal sealed class TextEvidenceCache(IocExtractor extractor, InjectionDetector detector)
{
    public const int Capacity = 16_384;

    /// <summary>
    /// Templated messages repeat, and the injection scan costs tens of microseconds on them, so values up to 1,024
    /// characters are kept (at most about 32 MiB of text when full); longer ones (scripts) rarely repeat.
    /// </summary>
    public const int MaxCachedLength = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TextEvidence> _entries = new(StringComparer.Ordinal);

    public TextEvidence Of(string text)
    {
        if (text.Length > MaxCachedLength)
        {
            return TextEvidence.Of(text, extractor, detector);
        }

        lock (_gate)
        {
            if (_entries.TryGetValue(text, out var known))
            {
                return known;
            }
        }

        var evidence = TextEvidence.Of(text, extractor, detector);
        lock (_gate)
        {
            if (_entries.Count >= Capacity)
            {
                _entries.Clear();
            }

            _entries.TryAdd(text, evidence);
        }

        return evidence;
    }
}
