namespace Llama3Siem.Prompts.Templates;

/// <summary>
/// Builds a <see cref="TemplatedPrompt"/> in the Llama 3 chat format. The only place that writes markup: every
/// string given to <see cref="Content"/> or <see cref="Message"/> stays content, whatever it contains.
/// </summary>
public sealed class Llama3PromptBuilder
{
    /// <summary>Roles the Llama 3 / 3.1 format knows; a header never carries anything else.</summary>
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "user", "assistant", "ipython" };

    private readonly List<PromptPart> _parts = [];
    private int _stableParts;
    private bool _inMessage;

    /// <param name="beginOfText">Start with <c>&lt;|begin_of_text|&gt;</c> (the format's first token; tests may leave it out).</param>
    public Llama3PromptBuilder(bool beginOfText = true)
    {
        if (beginOfText)
        {
            _parts.Add(new PromptPart(PromptPartKind.Markup, Llama3ChatFormat.BeginOfText));
        }
    }

    /// <summary>Opens a message of <paramref name="role"/>: a header of markup.</summary>
    /// <exception cref="ArgumentException">The role is not one of the format's roles.</exception>
    public Llama3PromptBuilder StartMessage(string role)
    {
        if (!Roles.Contains(role))
        {
            throw new ArgumentException($"'{role}' is not a Llama 3 chat role.", nameof(role));
        }

        if (_inMessage)
        {
            throw new InvalidOperationException("The previous message is still open.");
        }

        _inMessage = true;
        return Markup(Llama3ChatFormat.Header(role));
    }

    /// <summary>Appends text to the open message, as content: it is never read as markup.</summary>
    public Llama3PromptBuilder Content(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!_inMessage)
        {
            throw new InvalidOperationException("Content belongs inside a message.");
        }

        if (text.Length == 0)
        {
            return this;
        }

        // Adjacent content merges, so the tokenizer sees it whole, except across the stable boundary.
        if (_parts.Count > _stableParts && _parts[^1].Kind == PromptPartKind.Content)
        {
            _parts[^1] = _parts[^1] with { Text = _parts[^1].Text + text };
        }
        else
        {
            _parts.Add(new PromptPart(PromptPartKind.Content, text));
        }

        return this;
    }

    /// <summary>Closes the open message with end-of-turn.</summary>
    public Llama3PromptBuilder EndMessage()
    {
        if (!_inMessage)
        {
            throw new InvalidOperationException("No message is open.");
        }

        _inMessage = false;
        return Markup(Llama3ChatFormat.EndOfTurn);
    }

    /// <summary>A whole message: header, content, end-of-turn.</summary>
    public Llama3PromptBuilder Message(string role, string content) => StartMessage(role).Content(content).EndMessage();

    /// <summary>Everything so far is the stable prefix (shared by every prompt of this kind and version).</summary>
    public Llama3PromptBuilder StableUpToHere()
    {
        _stableParts = _parts.Count;
        return this;
    }

    /// <summary>Opens the assistant's turn for the model to answer, and returns the prompt.</summary>
    public TemplatedPrompt OpenAssistantTurn()
    {
        if (_inMessage)
        {
            EndMessage();
        }

        StartMessage("assistant");
        return Build();
    }

    /// <summary>The prompt as built so far, with no assistant turn opened (a stable prefix, or a test's prompt).</summary>
    public TemplatedPrompt Build() => new([.. _parts], _stableParts);

    private Llama3PromptBuilder Markup(string text)
    {
        _parts.Add(new PromptPart(PromptPartKind.Markup, text));
        return this;
    }
}
