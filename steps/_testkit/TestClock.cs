namespace SessionApp.Tests.Infrastructure;

/// <summary>A clock that reads the real time plus an offset, or a fixed instant; tests move it.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan _offset;
    private DateTimeOffset? _fixed;

    public static TestClock At(DateTimeOffset instant) => new() { _fixed = instant };

    /// <summary>Stops the clock at an instant.</summary>
    public void Set(DateTimeOffset instant) => _fixed = instant;

    public void Advance(TimeSpan by)
    {
        if (_fixed is { } at)
        {
            _fixed = at + by;
        }
        else
        {
            _offset += by;
        }
    }

    public override DateTimeOffset GetUtcNow() => _fixed ?? base.GetUtcNow() + _offset;
}
