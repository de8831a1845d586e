namespace PantoQa.Emulator.Store;

public sealed record ApiKey(string Key, DateTimeOffset? ExpiresAt)
{
    public bool IsValidAt(DateTimeOffset now) => ExpiresAt is not { } expiry || now < expiry;
}
