namespace CartStorage;

/// <summary>What a storage guarantees, so an application can check it at startup instead of trusting a setting.</summary>
/// <param name="Backend">A short backend name: <c>cache</c>, <c>session</c>, <c>database</c>.</param>
/// <param name="SafeAcrossServers">
/// <see langword="true"/> when concurrent read-modify-writes of one cart from several servers never lose an update
/// (a lock around read-modify-write, or a version check the store enforces).
/// </param>
/// <param name="StoreEnforcedVersionCheck">
/// <see langword="true"/> when the store itself checks the version at write time, so even a paused lock holder cannot
/// overwrite a newer cart.
/// </param>
/// <param name="Locking">
/// <see langword="true"/> when writes run under a distributed lock.
/// </param>
public sealed record CartStorageCapabilities(
    string Backend,
    bool SafeAcrossServers,
    bool StoreEnforcedVersionCheck,
    bool Locking);
