namespace CartStorage.AspNetCore.Tests;

/// <summary>
/// The <see cref="ICartStorage"/> the contract suite talks to: every call becomes one HTTP request of
/// <paramref name="client"/> (one browser, one session cookie) that runs the call on <paramref name="storage"/> inside
/// the request. So each call goes through the session middleware, <c>LoadAsync</c> of the session stored by the
/// previous requests, and the commit at the end, as in an application.
/// </summary>
internal sealed class RequestCartStorage(SessionClient client, ICartStorage storage) : ICartStorage
{
    public CartStorageCapabilities Capabilities => storage.Capabilities;

    public Task ForgetAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.ForgetAsync(identifier, instance, ct));

    public Task ForgetAsync(string identifier, string instance, string expectedETag, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.ForgetAsync(identifier, instance, expectedETag, ct));

    public Task FlushAsync(CancellationToken ct = default) =>
        client.RunAsync(_ => storage.FlushAsync(ct));

    public Task<IReadOnlyList<string>> GetInstancesAsync(string identifier, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.GetInstancesAsync(identifier, ct));

    public Task ForgetIdentifierAsync(string identifier, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.ForgetIdentifierAsync(identifier, ct));

    public Task<bool> SwapIdentifierAsync(string oldIdentifier, string newIdentifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.SwapIdentifierAsync(oldIdentifier, newIdentifier, instance, ct));

    public Task<CartSnapshot?> MergeIdentifierAsync(string fromIdentifier, string toIdentifier, string instance, CartMergeStrategy strategy = CartMergeStrategy.AddQuantities, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.MergeIdentifierAsync(fromIdentifier, toIdentifier, instance, strategy, ct));

    public Task<CartSnapshot?> GetAsync(string identifier, string instance, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.GetAsync(identifier, instance, ct));

    public Task<CartSnapshot> UpdateAsync(string identifier, string instance, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct = default, string? idempotencyKey = null) =>
        client.RunAsync(_ => storage.UpdateAsync(identifier, instance, mutate, ct, idempotencyKey));

    public Task<CartSnapshot> SaveAsync(string identifier, string instance, CartSnapshot snapshot, CancellationToken ct = default) =>
        client.RunAsync(_ => storage.SaveAsync(identifier, instance, snapshot, ct));
}
