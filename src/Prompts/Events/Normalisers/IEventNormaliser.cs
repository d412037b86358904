namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>Reads one record shape. The parser asks each normaliser in a fixed order; the first that recognises the record wins.</summary>
internal interface IEventNormaliser
{
    /// <summary>One of <see cref="EventFormats"/>.</summary>
    string Format { get; }

    /// <summary>Whether the record has this shape's distinguishing fields. Must be cheap.</summary>
    bool Recognises(FlattenedRecord record);

    /// <summary>The normalised event, or null when the record, though recognised, holds nothing usable.</summary>
    NormalisedEvent? Normalise(FlattenedRecord record);
}
