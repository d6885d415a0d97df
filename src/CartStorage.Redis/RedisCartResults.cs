namespace CartStorage.Redis;

/// <summary>A cart as stored: its version field and its document.</summary>
internal sealed record RedisCartEntry(long Version, byte[] Document);

/// <summary>A cart claimed by a swap or merge: the cart, its marker, the target identifier and the mode (<c>swap</c> or a merge strategy).</summary>
internal sealed record RedisPendingMove(RedisCartEntry Cart, string Marker, string Target, string Mode, string? TargetAsRead);

/// <summary>The instances of an identifier whose cart exists (<paramref name="Live"/>) and those with a pending move.</summary>
internal sealed record RedisInstances(IReadOnlyList<string> Live, IReadOnlyList<string> Pending);

/// <summary>What a script did.</summary>
internal enum RedisCartOutcome
{
    Done,
    Conflict,
    PendingMove,
}

/// <summary>A script's outcome.</summary>
internal readonly record struct RedisCartResult(RedisCartOutcome Outcome);
