using System.Globalization;
using System.Text;
using Llama3Siem.Prompts.Templates;

namespace Llama3Siem.Benchmarks;

/// <summary>
/// The benchmark's prompts, in the production chat format: one stable prefix (begin-of-text and the enrichment
/// system turn, padded or cut to an exact token count with the model's own tokenizer) and per-request suffixes
/// (a user turn and the open assistant header). Prompts are templated part by part, so prefix and suffix
/// tokenize independently and their counts add up.
/// </summary>
internal sealed class BenchmarkPrompts
{
    // Extra guidance that pads the system turn to the target length; written for this benchmark.
    private static readonly string[] GuidanceNotes =
    [
        "When several hosts are involved, name the first host that shows suspicious activity and explain how the activity spread from it.",
        "A failed logon followed by a successful logon for the same account from the same address is more serious than either event alone.",
        "Encoded PowerShell command lines deserve attention even when the process was allowed to run; report the decoded intent only if the data shows it.",
        "Outbound connections to rare domains shortly after a document was opened suggest a download of a second stage; cite both events.",
        "Do not raise the severity because of the number of events alone; one confirmed credential dump outweighs a hundred blocked scans.",
        "Internal addresses are context, not indicators: report them only when they identify the host the analyst must examine first.",
        "A scheduled task or service created by an interactive user outside working hours is a persistence candidate; say which account created it.",
        "Firewall and proxy blocks show that a control worked; mention them as evidence that reduces the urgency, not as the incident itself.",
        "Cloud console logins from a new country within minutes of a VPN login from another country point to stolen credentials.",
        "Kerberos ticket requests with weak encryption types for service accounts can indicate an attempt to crack service passwords offline.",
        "Audit log clearing is itself a technique; treat any incident that contains it as at least high severity.",
        "Prefer the mitigation that would have stopped the first step of the attack over one that only limits its impact afterwards.",
    ];

    private BenchmarkPrompts(string systemContent, int prefixTokens, IReadOnlyList<string> suffixes, IReadOnlyList<int> suffixTokens, IReadOnlyList<string> shortSuffixes)
    {
        _systemContent = systemContent;
        PrefixTokens = prefixTokens;
        Suffixes = suffixes;
        SuffixTokens = suffixTokens;
        ShortSuffixes = shortSuffixes;
    }

    private readonly string _systemContent;

    /// <summary>Tokens of the shared prefix (the system turn), exactly as requested.</summary>
    public int PrefixTokens { get; }

    /// <summary>Incident user turns of about the requested token count, each from different sample events.</summary>
    public IReadOnlyList<string> Suffixes { get; }

    public IReadOnlyList<int> SuffixTokens { get; }

    /// <summary>Short distinct questions (about 25 tokens) for the generation-throughput runs.</summary>
    public IReadOnlyList<string> ShortSuffixes { get; }

    /// <summary>A short prompt unrelated to the prefix: the first decode after a load pays for page faults.</summary>
    public static TemplatedPrompt WarmUpPrompt { get; } = Llama3ChatFormat.Render([("user", "Is the host up?")]);

    /// <summary>The prefix and a user turn, with the prefix declared stable (the prefix cache may serve it).</summary>
    public TemplatedPrompt WithPrefix(string userTurn) => Compose(_systemContent, userTurn, stable: true);

    /// <summary>The same prompt with no stable prefix declared: every token decoded.</summary>
    public TemplatedPrompt Cold(string userTurn) => Compose(_systemContent, userTurn, stable: false);

    public static BenchmarkPrompts Build(ITokenCounter tokens, int prefixTokens, int suffixTokens, int suffixCount, int shortSuffixCount, IReadOnlyList<string> eventLines)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(eventLines);
        if (eventLines.Count == 0)
        {
            throw new ArgumentException("No sample events.", nameof(eventLines));
        }

        var systemContent = BuildPrefix(tokens, prefixTokens);
        var suffixes = new List<string>(suffixCount);
        for (var n = 0; n < suffixCount; n++)
        {
            suffixes.Add(BuildIncidentSuffix(tokens, systemContent, prefixTokens, n, suffixTokens, eventLines));
        }

        var shortSuffixes = Enumerable.Range(0, shortSuffixCount).Select(n => string.Create(CultureInfo.InvariantCulture,
            $"Alert {n + 1} on host ws-{n + 11:D2}: in one sentence, what should the analyst check first?")).ToList();
        var suffixTokenCounts = suffixes.Select(s => tokens.CountTokens(Compose(systemContent, s, stable: true)) - prefixTokens).ToList();
        return new BenchmarkPrompts(systemContent, prefixTokens, suffixes, suffixTokenCounts, shortSuffixes);
    }

    private static TemplatedPrompt Compose(string systemContent, string userTurn, bool stable)
    {
        var prompt = new Llama3PromptBuilder().Message("system", systemContent);
        if (stable)
        {
            prompt.StableUpToHere();
        }

        return prompt.Message("user", userTurn).OpenAssistantTurn();
    }

    private static int SystemTurnTokens(ITokenCounter tokens, string content) =>
        tokens.CountTokens(new Llama3PromptBuilder().Message("system", content).Build());

    /// <summary>The system turn's content, padded or cut so that the whole turn is exactly <paramref name="target"/> tokens.</summary>
    private static string BuildPrefix(ITokenCounter tokens, int target)
    {
        var body = new StringBuilder(EnrichmentPrompt.SystemPrompt.TrimEnd()).Append("\n\nFurther guidance:");
        for (var note = 0; SystemTurnTokens(tokens, body.ToString()) < target + 16; note++)
        {
            body.Append('\n').Append(note + 1).Append(". ").Append(GuidanceNotes[note % GuidanceNotes.Length]);
        }

        // Cut before whitespace, at the longest cut that still fits, then top up one token at a time:
        // " a" is a pre-tokenizer piece of its own and a single token in byte-level BPE vocabularies.
        var text = body.ToString();
        var cuts = Enumerable.Range(1, text.Length - 1).Where(i => char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1])).ToList();
        int low = 0, high = cuts.Count - 1, best = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (SystemTurnTokens(tokens, text[..cuts[middle]]) <= target)
            {
                best = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (best < 0)
        {
            throw new InvalidOperationException($"The prefix cannot be made as short as {target} tokens.");
        }

        var prefix = text[..cuts[best]];
        for (var count = SystemTurnTokens(tokens, prefix); count < target; count++)
        {
            prefix += " a";
        }

        var final = SystemTurnTokens(tokens, prefix);
        return final == target
            ? prefix
            : throw new InvalidOperationException($"The prefix came to {final} tokens instead of {target}.");
    }

    private static string BuildIncidentSuffix(ITokenCounter tokens, string systemContent, int prefixTokens, int n, int target, IReadOnlyList<string> eventLines)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"INC-{n + 1:D4}");
        var events = new StringBuilder();
        // Consecutive sample lines from a different place for every incident, more than will fit.
        for (var i = 0; i < 6; i++)
        {
            var line = eventLines[(n * 7 + i) % eventLines.Count];
            events.Append(UntrustedText.Neutralise(line, EnrichmentPrompt.MaxMessageChars)).Append('\n');
        }

        var text = events.ToString();
        string Render(int length) => $"Enrich incident {id}.\n\n<events>\n{text[..length]}\n</events>\n\nAnswer with the JSON object only.";

        int low = 0, high = text.Length;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (tokens.CountTokens(Compose(systemContent, Render(middle), stable: true)) - prefixTokens <= target)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return Render(low);
    }

    /// <summary>
    /// The repository's sample events (samples/events.jsonl), found by walking up from the working directory
    /// and from the program's folder.
    /// </summary>
    public static IReadOnlyList<string> LoadSampleEvents()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "samples", "events.jsonl");
                if (File.Exists(candidate))
                {
                    return File.ReadLines(candidate).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
                }
            }
        }

        throw new FileNotFoundException("samples/events.jsonl was not found above the working directory: run the benchmark from the repository.");
    }
}
