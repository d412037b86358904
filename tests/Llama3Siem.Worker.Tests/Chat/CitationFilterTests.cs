using Llama3Siem.Worker.Chat;

namespace Llama3Siem.Worker.Tests.Chat;

/// <summary>Only retrieved incidents and reports may be cited: other ids are removed from the text, streamed or not.</summary>
public sealed class CitationFilterTests
{
    private const string Retrieved = "inc-0123456789abcdef01234567";
    private const string Other = "inc-fedcba9876543210fedcba98";
    private static readonly string[] RetrievedIds = [Retrieved, "inc-aaaaaaaaaaaaaaaaaaaaaaaa"];

    [Theory]
    [InlineData("Lateral movement [" + Retrieved + "] and beaconing [" + Other + "].", "Lateral movement [" + Retrieved + "] and beaconing.", 1)]
    [InlineData("See [" + Retrieved + ", " + Other + "].", "See [" + Retrieved + "].", 1)]
    [InlineData("Both " + Retrieved + " and " + Other + " involve ws-12.", "Both " + Retrieved + " and involve ws-12.", 1)]
    [InlineData("Nothing cited here.", "Nothing cited here.", 0)]
    [InlineData("[" + Other + "] only.", " only.", 1)]
    [InlineData("Upper case [INC-0123456789ABCDEF01234567] is the same id.", "Upper case [" + Retrieved + "] is the same id.", 0)]
    public void Unretrieved_ids_are_removed_and_retrieved_ones_kept(string answer, string expected, int removed)
    {
        var cited = CitationFilter.Apply(answer, RetrievedIds);

        Assert.Equal(expected, cited.Text);
        Assert.Equal(removed, cited.Removed);
        Assert.DoesNotContain(Other, cited.Text, StringComparison.OrdinalIgnoreCase);
        Assert.All(cited.Citations, id => Assert.Contains(id, RetrievedIds));
    }

    [Fact]
    public void Citations_list_each_retrieved_id_once_in_order_of_first_mention()
    {
        var cited = CitationFilter.Apply(
            "[inc-aaaaaaaaaaaaaaaaaaaaaaaa] then [" + Retrieved + "] and again [inc-aaaaaaaaaaaaaaaaaaaaaaaa], not [" + Other + "].", RetrievedIds);

        Assert.Equal(["inc-aaaaaaaaaaaaaaaaaaaaaaaa", Retrieved], cited.Citations);
        Assert.Equal(1, cited.Removed);
    }

    [Fact]
    public void Ids_glued_to_other_words_are_not_citations()
    {
        var cited = CitationFilter.Apply("The file xinc-123 and inc-12_ab are names, not ids.", RetrievedIds);

        Assert.Equal("The file xinc-123 and inc-12_ab are names, not ids.", cited.Text);
        Assert.Empty(cited.Citations);
        Assert.Equal(0, cited.Removed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void A_stream_never_shows_an_unretrieved_id_however_the_text_is_split(int pieceLength)
    {
        const string Answer = "Seen in [" + Retrieved + "] and in [" + Other + "], also inc-fedcba98 and " + Other + ". Done.";
        var stream = new CitationStream(RetrievedIds);
        var shown = new List<string>();
        for (var i = 0; i < Answer.Length; i += pieceLength)
        {
            shown.Add(stream.Add(Answer.Substring(i, Math.Min(pieceLength, Answer.Length - i))));
        }

        var complete = stream.Complete();
        var streamed = string.Concat(shown) + stream.Remainder(complete);

        Assert.Equal("Seen in [" + Retrieved + "] and in, also and. Done.", complete.Text);
        Assert.Equal(3, complete.Removed);
        Assert.Equal([Retrieved], complete.Citations);
        Assert.DoesNotContain("fedcba", streamed, StringComparison.Ordinal);
        Assert.StartsWith("Seen in [" + Retrieved + "]", streamed, StringComparison.Ordinal);
        Assert.True(complete.Text.StartsWith(streamed, StringComparison.Ordinal), streamed);
    }

    private const string Report = "daily-20260303T0600Z";
    private const string OtherReport = "weekly-20260301T000000Z";
    private static readonly string[] WithReport = [Retrieved, Report];

    [Theory]
    [InlineData("The day held 3 incidents [" + Report + "], the week more [" + OtherReport + "].", "The day held 3 incidents [" + Report + "], the week more.", 1)]
    [InlineData("See [" + Report + ", " + OtherReport + ", " + Retrieved + "].", "See [" + Report + ", " + Retrieved + "].", 1)]
    [InlineData("Bare " + OtherReport + " and " + Report + " ids.", "Bare and " + Report + " ids.", 1)]
    [InlineData("Capitalised [Daily-20260303t0600z] is the same report.", "Capitalised [" + Report + "] is the same report.", 0)]
    [InlineData("A schedule named with digits_and-hyphens: [shift_2-night-20260303T0600Z].", "A schedule named with digits_and-hyphens:.", 1)]
    [InlineData("Not ids: daily-2026-03-03, report-20260303T0600, " + Report + "x.", "Not ids: daily-2026-03-03, report-20260303T0600, " + Report + "x.", 0)]
    public void Unretrieved_report_ids_are_removed_like_incident_ids(string answer, string expected, int removed)
    {
        var cited = CitationFilter.Apply(answer, WithReport);

        Assert.Equal(expected, cited.Text);
        Assert.Equal(removed, cited.Removed);
        Assert.All(cited.Citations, id => Assert.Contains(id, WithReport));
    }

    [Theory]
    [InlineData("The daily", "The")]
    [InlineData("The daily-2026", "The")]
    [InlineData("The daily-20260303T06", "The")]
    [InlineData("The " + Report, "The")]
    [InlineData("The " + Report + ".", "The " + Report + ".")]
    [InlineData("Seen in [daily-2026", "Seen in")]
    public void A_word_that_may_still_become_a_report_id_is_held_back(string text, string settled)
    {
        Assert.Equal(settled, text[..CitationFilter.SettledLength(text)]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void A_stream_never_shows_an_unretrieved_report_id_however_the_text_is_split(int pieceLength)
    {
        const string Answer = "The daily report [" + Report + "] counted 3; the weekly [" + OtherReport + "] and " + OtherReport + " did not. Done.";
        var stream = new CitationStream(WithReport);
        var shown = new List<string>();
        for (var i = 0; i < Answer.Length; i += pieceLength)
        {
            shown.Add(stream.Add(Answer.Substring(i, Math.Min(pieceLength, Answer.Length - i))));
        }

        var complete = stream.Complete();
        var streamed = string.Concat(shown) + stream.Remainder(complete);

        Assert.Equal("The daily report [" + Report + "] counted 3; the weekly and did not. Done.", complete.Text);
        Assert.Equal(2, complete.Removed);
        Assert.Equal([Report], complete.Citations);
        Assert.All(shown, piece => Assert.DoesNotContain("weekly-", piece, StringComparison.Ordinal));
        Assert.DoesNotContain(OtherReport, streamed, StringComparison.Ordinal);
        Assert.True(complete.Text.StartsWith(streamed, StringComparison.Ordinal), streamed);
    }
}
