package catalog

import (
	"context"
	"errors"

	"gorm.io/gorm"
)

// SetDatastoreActive records whether a resource's rows are in the DataStore, as CKAN's
// datastore_active flag; the dataset goes through the change log like any other write.
func (s *Store) SetDatastoreActive(ctx context.Context, resourceID string, active bool) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var r Resource
		if err := tx.Select("id", "package_id").Where("id = ? AND state = ?", resourceID, StateActive).First(&r).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return NotFound("Resource \"" + resourceID + "\" was not found.")
			}
			return err
		}
		if err := tx.Model(&Resource{}).Where("id = ?", r.ID).Update("datastore_active", active).Error; err != nil {
			return err
		}
		return s.logChange(tx, KindDataset, r.PackageID)
	})
}
