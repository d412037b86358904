using System.Text.RegularExpressions;

namespace Llama3Siem.TestModels;

/// <summary>
/// A small byte-level BPE vocabulary in Llama 3's style: the 256 byte tokens, whole-word tokens built by merge
/// chains from a fixed list of English, JSON and security words, then the Llama 3 special tokens (CONTROL),
/// padded with reserved special tokens to a requested size. It also encodes text the way llama.cpp's
/// <c>llama-bpe</c> tokenizer does, so tests can check the native tokenizer against an independent one.
/// </summary>
public sealed partial class TestVocabulary
{
    public const int NormalTokenType = 1;
    public const int ControlTokenType = 3;

    public const string BeginOfText = "<|begin_of_text|>";
    public const string EndOfText = "<|end_of_text|>";
    public const string StartHeader = "<|start_header_id|>";
    public const string EndHeader = "<|end_header_id|>";
    public const string EndOfTurn = "<|eot_id|>";
    public const string EndOfMessage = "<|eom_id|>";
    public const string PythonTag = "<|python_tag|>";
    public const string FinetuneRightPad = "<|finetune_right_pad_id|>";

    // Llama 3.1's order of its first special tokens; the gaps are reserved tokens.
    private static readonly string[] LeadingSpecialTokens =
    [
        BeginOfText, EndOfText, "<|reserved_special_token_0|>", "<|reserved_special_token_1|>", FinetuneRightPad,
        "<|reserved_special_token_2|>", StartHeader, EndHeader, EndOfMessage, EndOfTurn, PythonTag,
    ];

    // Words the prompts and the JSON answer use, so that text tokenizes to realistic multi-byte tokens and
    // random sampling inside strings moves several characters per token. Each also gets a leading-space form.
    private static readonly string[] Words =
    [
        "summary", "severity", "iocs", "type", "value", "events", "techniques", "mitigations", "id", "rationale",
        "confidence", "low", "medium", "high", "critical", "ipv4", "ipv6", "domain", "url", "email", "md5", "sha1",
        "sha256", "cve", "true", "false", "null", "the", "of", "and", "to", "in", "a", "an", "is", "was", "on",
        "from", "with", "by", "for", "at", "as", "or", "not", "this", "that", "these", "be", "are", "were", "has",
        "have", "host", "hosts", "user", "users", "login", "logon", "failed", "failure", "success", "attempt",
        "attempts", "attack", "attacker", "process", "processes", "powershell", "cmd", "network", "connection",
        "connections", "outbound", "inbound", "suspicious", "malicious", "malware", "file", "files", "hash", "hashes",
        "address", "server", "servers", "account", "accounts", "admin", "administrator", "brute", "force", "lateral",
        "movement", "execution", "command", "commands", "script", "encoded", "download", "downloaded", "remote",
        "access", "privilege", "escalation", "credential", "credentials", "dump", "phishing", "link", "links",
        "ransomware", "encryption", "scan", "scanning", "port", "ports", "traffic", "beacon", "beaconing",
        "exfiltration", "data", "alert", "alerts", "detected", "blocked", "multiple", "source", "destination",
        "windows", "linux", "service", "services", "registry", "persistence", "scheduled", "task", "tasks", "event",
        "incident", "incidents", "analyst", "system", "assistant", "answer", "json", "only", "untrusted",
        "instructions", "observed", "indicator", "indicators", "technique", "mitigation", "control", "controls",
        "policy", "monitor", "monitoring", "enforce", "restrict", "disable", "enable", "audit", "logging", "review",
        "patch", "update", "isolate", "block", "reset", "password", "passwords", "authentication", "multi", "factor",
        "http", "https", "dns", "tcp", "udp", "ssh", "rdp", "smb", "ip", "www", "com", "net", "org", "example",
        "exe", "dll", "tmp", "temp", "sysmon", "suricata", "firewall", "proxy", "endpoint", "web", "shell",
    ];

    // Punctuation runs of compact JSON; the llama-bpe pre-tokenizer keeps such runs together.
    private static readonly string[] JsonPieces =
    [
        "{\"", "\":\"", "\",\"", "\"}", "\"]", "\":[", "\":", ",\"", "\"],\"", "},{\"", "}]", "[{\"", "\"},{\"",
        "\"}],\"", "\"]}", "\"]},{\"", "\"]}],\"", "[\"", "\",", "}],\"", "],\"", "<|", "|>", "\n\n", "...",
    ];

    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<(string Left, string Right), int> _mergeRanks;

    private TestVocabulary(List<string> tokens, List<int> tokenTypes, List<string> merges)
    {
        Tokens = tokens;
        TokenTypes = tokenTypes;
        Merges = merges;
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            _ids.Add(tokens[i], i);
        }

        _mergeRanks = new Dictionary<(string, string), int>();
        for (var i = 0; i < merges.Count; i++)
        {
            var parts = merges[i].Split(' ');
            _mergeRanks.Add((parts[0], parts[1]), i);
        }
    }

    /// <summary>Token texts in id order (byte-level form: a leading space is 'Ġ').</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>llama.cpp token types in id order: 1 normal, 3 control.</summary>
    public IReadOnlyList<int> TokenTypes { get; }

    /// <summary>BPE merges in rank order, each "left right".</summary>
    public IReadOnlyList<string> Merges { get; }

    public int Count => Tokens.Count;

    public int BeginOfTextId => _ids[BeginOfText];

    public int EndOfTurnId => _ids[EndOfTurn];

    public int EndOfTextId => _ids[EndOfText];

    public IEnumerable<string> SpecialTokens => Tokens.Where((_, i) => TokenTypes[i] == ControlTokenType);

    /// <param name="minimumSize">Pads with reserved special tokens up to this many tokens (Llama 3 has 128,256).</param>
    public static TestVocabulary Build(int minimumSize = 0)
    {
        var tokens = new List<string>();
        var types = new List<int>();
        var merges = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);

        for (var b = 0; b < 256; b++)
        {
            var token = ByteLevelEncoding.ToChar((byte)b).ToString();
            tokens.Add(token);
            types.Add(NormalTokenType);
            known.Add(token);
        }

        var knownMerges = new HashSet<string>(StringComparer.Ordinal);
        var pieces = Words.Concat(Words.Select(w => " " + w)).Concat(JsonPieces);
        foreach (var piece in pieces)
        {
            var encoded = ByteLevelEncoding.Encode(piece);
            var left = encoded[..1];
            for (var i = 1; i < encoded.Length; i++)
            {
                var right = encoded[i..(i + 1)];
                var merge = left + " " + right;
                left += right;
                if (knownMerges.Add(merge))
                {
                    merges.Add(merge);
                }

                if (known.Add(left))
                {
                    tokens.Add(left);
                    types.Add(NormalTokenType);
                }
            }
        }

        foreach (var special in LeadingSpecialTokens)
        {
            tokens.Add(special);
            types.Add(ControlTokenType);
        }

        for (var reserved = 3; tokens.Count < minimumSize; reserved++)
        {
            tokens.Add($"<|reserved_special_token_{reserved}|>");
            types.Add(ControlTokenType);
        }

        return new TestVocabulary(tokens, types, merges);
    }

    /// <summary>
    /// Encodes like llama.cpp's <c>llama-bpe</c> tokenizer with special tokens parsed and no BOS added:
    /// special tokens first, then Llama 3's pre-tokenizer split, a whole piece that is a token stays one,
    /// otherwise BPE by merge rank with byte tokens as the fallback.
    /// </summary>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        var position = 0;
        while (position < text.Length)
        {
            var (specialAt, special) = FindNextSpecial(text, position);
            var plainEnd = specialAt < 0 ? text.Length : specialAt;
            foreach (Match match in PreTokenizer().Matches(text[position..plainEnd]))
            {
                EncodePiece(ByteLevelEncoding.Encode(match.Value), ids);
            }

            if (specialAt < 0)
            {
                break;
            }

            ids.Add(_ids[special!]);
            position = specialAt + special!.Length;
        }

        return ids;
    }

    public int IdOf(string token) => _ids[token];

    private (int At, string? Token) FindNextSpecial(string text, int start)
    {
        var best = (At: -1, Token: (string?)null);
        foreach (var special in SpecialTokens)
        {
            var at = text.IndexOf(special, start, StringComparison.Ordinal);
            if (at >= 0 && (best.At < 0 || at < best.At))
            {
                best = (at, special);
            }
        }

        return best;
    }

    private void EncodePiece(string piece, List<int> ids)
    {
        if (_ids.TryGetValue(piece, out var whole))
        {
            ids.Add(whole);
            return;
        }

        var symbols = piece.Select(c => c.ToString()).ToList();
        while (symbols.Count > 1)
        {
            var bestRank = int.MaxValue;
            var bestAt = -1;
            for (var i = 0; i < symbols.Count - 1; i++)
            {
                if (_mergeRanks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
                {
                    bestRank = rank;
                    bestAt = i;
                }
            }

            if (bestAt < 0)
            {
                break;
            }

            symbols[bestAt] += symbols[bestAt + 1];
            symbols.RemoveAt(bestAt + 1);
        }

        foreach (var symbol in symbols)
        {
            if (_ids.TryGetValue(symbol, out var id))
            {
                ids.Add(id);
            }
            else
            {
                ids.AddRange(symbol.Select(c => _ids[c.ToString()]));
            }
        }
    }

    // Llama 3's pre-tokenizer pattern (a fact of the format, as llama.cpp applies it for "llama-bpe").
    [GeneratedRegex(@"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")]
    private static partial Regex PreTokenizer();
}
