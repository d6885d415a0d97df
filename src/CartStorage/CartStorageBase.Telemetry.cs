namespace CartStorage;

/// <summary>Every public operation of <see cref="CartStorageBase"/> as one observed operation (docs/observability.md).</summary>
public abstract partial class CartStorageBase
{
    /// <summary>Runs an operation through <paramref name="core"/>; observed only when someone listens, so it costs nothing otherwise.</summary>
    private Task<T> Observe<TState, T>(CartOperation operation, string? instance, TState state, Func<CartStorageBase, TState, Task<T>> core) =>
        Telemetry.Enabled ? ObserveAsync(operation, instance, state, core) : core(this, state);

    /// <inheritdoc cref="Observe{TState, T}"/>
    private Task Observe<TState>(CartOperation operation, string? instance, TState state, Func<CartStorageBase, TState, Task> core) =>
        Telemetry.Enabled
            ? ObserveAsync(operation, instance, (state, core), static async (self, s) =>
            {
                await s.core(self, s.state).ConfigureAwait(false);
                return true;
            })
            : core(this, state);

    private async Task<T> ObserveAsync<TState, T>(CartOperation operation, string? instance, TState state, Func<CartStorageBase, TState, Task<T>> core)
    {
        // Started inside an async method, so the span is current for the backend's own calls and no longer afterwards.
        var scope = Telemetry.StartOperation(Capabilities.Backend, operation, instance);
        try
        {
            var result = await core(this, state).ConfigureAwait(false);
            scope.Stop(null);
            return result;
        }
        catch (Exception e)
        {
            scope.Stop(e);
            throw;
        }
    }
}
