using Llama3Siem.Worker.Chat;

namespace Llama3Siem.Worker.Tests.Chat;

/// <summary>Only retrieved incidents may be cited: other ids are removed from the text, streamed or not.</summary>
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
}
