namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>Raw Windows event JSON (<c>{"Event": {"System": ..., "EventData": ...}}</c>); see <see cref="WindowsEventJsonReader"/>.</summary>
internal sealed class WindowsEventJsonNormaliser : IEventNormaliser
{
    public string Format => EventFormats.Windows;

    public bool Recognises(FlattenedRecord record) => record.HasPrefix(WindowsEventJsonReader.SystemPrefix);

    public NormalisedEvent? Normalise(FlattenedRecord record) => WindowsEventJsonReader.Read(record).Normalise(record);
}
